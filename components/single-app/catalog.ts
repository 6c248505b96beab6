/**
 * The `backend` frontend target (the single-app system): the API's image serves the built client itself
 * (Django + WhiteNoise), so the frontend has no resource of its own. Its own folder, not components/render/:
 * it holds no vendor's resource and works with whichever backend target runs the image. Pure data.
 */
import type { TargetCatalog } from "../catalog";

export const singleAppCatalog: TargetCatalog & { part: "frontend" } = {
  part: "frontend",
  name: "backend",
  title: "No site of its own: the backend's image serves the built client, one origin",
  schema: () => ({}),
  rules: {
    always: ({ settings: f }) => {
      const env = (f.env ?? {}) as Record<string, string>;
      const first = Object.keys(env)[0];
      return first
        ? [
            {
              path: `frontend.env.${first}`,
              value: env[first],
              why: "no frontend resource receives it (the backend serves the client): pass it to the client's build inside the backend image (a Dockerfile ARG)",
              fix: undefined,
            },
          ]
        : [];
    },
  },
  resources: {},
};
