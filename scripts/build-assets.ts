// Files the compiled code reads at run time, beside the module that reads them: copied into
// every build (scripts/build.ts for the package, test/support/compiled-orc.ts for the suite).
export const BUILD_ASSETS = ['activities/models/registry/models.yaml'];
