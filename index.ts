import { App, stackOutputs } from "./compose";
import { loadStackConfig } from "./stacks";

const config = loadStackConfig();

// The stack's outputs (compose/index.ts `AppOutputs`): the public URLs, the image, the media folder, the
// variables set by hand on the backend's service (names only), and the credentials as secrets (in the state
// and in `pulumi stack output`; --show-secrets reads them). A part the stack has not exports nothing, and a
// stack that deploys one layer exports exactly that layer's outputs (contracts/index.ts `LAYER_OUTPUTS`), so
// the set of names depends on the config: they are added here rather than declared one by one.
Object.assign(exports, stackOutputs(new App(config.prefix, config).outputs));
