import * as pulumi from "@pulumi/pulumi";
import { FRONTEND_API_KEY } from "../environment";
import type { Builder } from "../catalog";
import { renderFrontendCatalog } from "./frontend-catalog";
import { FrontendService } from "./frontend-service";
import type { ImageBuild } from "./image";
import { stackEnvironment } from "./placement";

/** `webapp:frontend` as the render frontend catalog's schema returns it (+ the stack's GHCR login). */
interface RenderFrontendSettings {
  image?: string;
  build?: ImageBuild;
  ghcr?: { username: string; token: pulumi.Output<string> };
  plan: string;
  healthCheckPath: string;
}

/** The `frontend` part on Render: the site's image as a web service; the API's URL is set once the API exists. */
export const renderFrontendBuilder: Builder<"frontend"> = {
  build: ({ name, parent, facts, settings, adopt, own, inputs }) => {
    const s = settings as unknown as RenderFrontendSettings;
    const site = new FrontendService(
      name,
      {
        serviceName: `${facts.prefix}-web`,
        image: s.image,
        build: s.build ? { ...s.build } : undefined,
        registry: s.ghcr ? { username: s.ghcr.username, token: s.ghcr.token } : undefined,
        plan: s.plan,
        region: renderFrontendCatalog.regions![facts.region],
        healthCheckPath: s.healthCheckPath,
        customDomains: inputs.domain ? [inputs.domain] : [],
        environment: Object.fromEntries(Object.entries(inputs.env).map(([k, v]) => [k, v.value])),
        environmentId: stackEnvironment(parent, facts, own),
        adoptId: adopt.frontendService as string | undefined,
        adoptConfigKey: "webapp:adopt.frontendService",
      },
      { parent },
    );
    return {
      contract: { url: site.url },
      setApiUrl: (url) => void site.setVariable(FRONTEND_API_KEY, url),
    };
  },
};
