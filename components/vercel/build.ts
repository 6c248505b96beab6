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
  projectName?: string;
}

/** The `frontend` part on Vercel: a project built from Git; the API's URL is added once the backend exists. */
export const vercelBuilder: Builder<"frontend"> = {
  build: ({ name, parent, facts, settings, adopt, inputs }) => {
    const s = settings as unknown as VercelSettings;
    const projectName = s.projectName ?? facts.prefix;
    const adoptedDomain = adopt.vercelDomain as string | undefined;
    const site = new FrontendSite(
      name,
      {
        projectName,
        framework: s.framework,
        repository: s.repository,
        productionBranch: s.productionBranch,
        rootDirectory: s.rootDirectory,
        functionRegion: vercelCatalog.regions![facts.region],
        // stacks/ refuses an adopted domain other than webapp:domains.frontend.
        domain: inputs.domain ?? adoptedDomain,
        importId: adopt.vercelProject as string | undefined,
        importVariableIds: adopt.vercelEnvVars as Record<string, string> | undefined,
        importDomain: adoptedDomain !== undefined,
        environment: inputs.env,
      },
      { parent },
    );
    return {
      contract: {
        url: site.url,
        previewOriginRegex: s.vercelScope ? previewOriginRegex(projectName, s.vercelScope) : undefined,
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
