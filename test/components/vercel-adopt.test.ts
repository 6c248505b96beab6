/** Issue 15 item 3: FrontendSite imports what an adopted Vercel project already has, and only that. */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { FrontendSite, FrontendSiteArgs } from "../../components/vercel/frontend-site";
import { byName, failureOf, runComponent } from "../helpers/mock-run";

const PROJECT = "team_acme/prj_Q1w2E3r4T5y6U7i8O9p0";
const BASE: FrontendSiteArgs = {
  projectName: "modestwear-web",
  framework: "nextjs",
  repository: "acme/web",
  functionRegion: "iad1",
  environment: {
    NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME: { value: "shop", sensitive: false },
    NEXT_PUBLIC_SITE_NAME: { value: "Shop", sensitive: false },
  },
};

describe("FrontendSite on an imported Vercel project", function () {
  this.timeout(30_000);

  it("imports the variables it has ids for (also one added later) and the domain; creates the rest", async () => {
    const plan = await runComponent(() => {
      const site = new FrontendSite("web", {
        ...BASE,
        domain: "www.example.com",
        importId: PROJECT,
        importVariableIds: {
          NEXT_PUBLIC_CLOUDINARY_CLOUD_NAME: "Xk3Lm9Pq2Rs7Tu1V",
          NEXT_PUBLIC_API_URL: "FdT2e1E5Of6Cihmt",
        },
        importDomain: true,
      });
      site.addVariable("web-env-next-public-api-url", site.projectId, "NEXT_PUBLIC_API_URL", {
        value: pulumi.output("https://api.example.com"),
        sensitive: false,
      });
    });
    assert.equal(byName(plan, "web-project").options.import, PROJECT);
    assert.equal(byName(plan, "web-domain").options.import, `${PROJECT}/www.example.com`);
    assert.equal(
      byName(plan, "web-env-next-public-cloudinary-cloud-name").options.import,
      `${PROJECT}/Xk3Lm9Pq2Rs7Tu1V`,
    );
    assert.equal(byName(plan, "web-env-next-public-api-url").options.import, `${PROJECT}/FdT2e1E5Of6Cihmt`);
    assert.equal(byName(plan, "web-env-next-public-site-name").options.import, undefined);
  });

  it("refuses variable imports without the project they belong to", async () => {
    assert.equal(
      await failureOf(
        () =>
          new FrontendSite("web", {
            ...BASE,
            importVariableIds: { NEXT_PUBLIC_SITE_NAME: "FdT2e1E5Of6Cihmt" },
          }),
      ),
      'FrontendSite "web": importVariableIds and importDomain import from an existing project; set importId to that project\'s id (prj_… or team_…/prj_…).',
    );
  });

  it("refuses to import a domain it cannot name", async () => {
    assert.equal(
      await failureOf(
        () =>
          new FrontendSite("web", {
            ...BASE,
            importId: PROJECT,
            importDomain: true,
            domain: pulumi.output("www.example.com"),
          }),
      ),
      'FrontendSite "web": importDomain needs domain as a plain host name such as www.example.com, the one already on the project.',
    );
  });
});
