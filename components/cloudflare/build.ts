import * as pulumi from "@pulumi/pulumi";
import type { Builder } from "../catalog";
import { FRONTEND_API_KEY } from "../environment";
import { NEXT_ON_PAGES, PagesSettings } from "./catalog";
import { PagesSite, pagesSiteUrl, previewOriginRegex } from "./pages-site";

/**
 * The `frontend` part on Cloudflare Pages. The API's URL (when the stack has a backend) has to be one of
 * the project's own variables, and the composition hands it over only after the backend exists, in the
 * same synchronous pass (compose/index.ts). So the project is declared a microtask later, once that pass
 * is over; the site's URL is known before (its domain, or `<project>.pages.dev`), so the backend's CORS
 * settings never wait for the project and no dependency cycle forms.
 */
export const cloudflarePagesBuilder: Builder<"frontend"> = {
  build: ({ name, parent, facts, settings, inputs }) => {
    const s = settings as unknown as PagesSettings;
    const projectName = s.projectName ?? facts.prefix;
    let apiUrl: pulumi.Output<string> | undefined;
    void Promise.resolve().then(
      () =>
        new PagesSite(
          name,
          {
            accountId: s.accountId,
            projectName,
            productionBranch: s.productionBranch,
            buildCommand: s.buildCommand,
            destinationDir: s.destinationDir,
            rootDir: s.rootDir,
            repository: s.repository,
            compatibilityDate: s.compatibilityDate,
            compatibilityFlags: NEXT_ON_PAGES.compatibilityFlags,
            domain: inputs.domain,
            environment: {
              ...inputs.env,
              ...(apiUrl ? { [FRONTEND_API_KEY]: { value: apiUrl, sensitive: false } } : {}),
            },
          },
          { parent },
        ),
    );
    return {
      contract: {
        url: pulumi.output(pagesSiteUrl(projectName, inputs.domain)),
        previewOriginRegex: previewOriginRegex(projectName),
      },
      setApiUrl: (url) => {
        apiUrl = url;
      },
    };
  },
};
