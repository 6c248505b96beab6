import type { Builder } from "../catalog";
import { vercelCatalog } from "./catalog";
import { FrontendSite, previewOriginRegex } from "./frontend-site";

/** `webapp:frontend` as the Vercel catalog's schema returns it. */
interface VercelSettings {
  repository: string;
  framework: string;
  rootDirectory?: string;
  productionBranch: string;
  vercelScope?: string;
}

/** The `frontend` part on Vercel: a project built from Git; the API's URL is added once the backend exists. */
export const vercelBuilder: Builder<"frontend"> = {
  build: ({ name, parent, facts, settings, adopt, inputs }) => {
    const s = settings as unknown as VercelSettings;
    const site = new FrontendSite(
      name,
      {
        projectName: facts.prefix,
        framework: s.framework,
        repository: s.repository,
        productionBranch: s.productionBranch,
        rootDirectory: s.rootDirectory,
        functionRegion: vercelCatalog.regions![facts.region],
        domain: inputs.domain,
        importId: adopt.vercelProject as string | undefined,
        environment: inputs.env,
      },
      { parent },
    );
    return {
      contract: {
        url: site.url,
        previewOriginRegex: s.vercelScope ? previewOriginRegex(facts.prefix, s.vercelScope) : undefined,
      },
      // The API's URL needs this site's URL first (CORS), so it is a variable of its own, set afterwards.
      setApiUrl: (url) =>
        void site.addVariable(`${name}-env-next-public-api-url`, site.projectId, "NEXT_PUBLIC_API_URL", {
          value: url,
          sensitive: false,
        }),
    };
  },
};
