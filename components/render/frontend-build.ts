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

/**
 * The `frontend` part on Render: the site's image as a web service. The API's URL is in the service's create
 * environment (and the image's build arguments) when it is known before the site exists (`inputs.apiUrl`),
 * so the site deploys once; otherwise it is set once the API exists, as a variable that deploys the site again.
 */
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
        environment: {
          ...Object.fromEntries(Object.entries(inputs.env).map(([k, v]) => [k, v.value])),
          ...(inputs.apiUrl ? { [FRONTEND_API_KEY]: inputs.apiUrl } : {}),
        },
        environmentId: stackEnvironment(parent, facts, own),
        adoptId: adopt.frontendService as string | undefined,
        adoptConfigKey: "webapp:adopt.frontendService",
      },
      { parent },
    );
    return {
      contract: { url: site.url },
      // The same URL the create environment already holds: nothing more to set.
      setApiUrl: (url) => void (inputs.apiUrl ? undefined : site.setVariable(FRONTEND_API_KEY, url)),
    };
  },
};
