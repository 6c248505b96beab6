import * as pulumi from "@pulumi/pulumi";
import type { Builder } from "../catalog";

/**
 * The `frontend` part served by the backend: one origin. The contract's URL is the API's own, which exists
 * only once the API does: the composition hands it over through `setApiUrl`, as it does for every frontend.
 */
export const singleAppBuilder: Builder<"frontend"> = {
  build: () => {
    let resolve!: (url: string) => void;
    const apiUrl = new Promise<string>((r) => (resolve = r));
    return {
      contract: { url: pulumi.output(apiUrl), sameOrigin: true },
      setApiUrl: (url) => void url.apply((u) => resolve(u)),
    };
  },
};
