import { assertLocal, buildTemplate, startTestCluster } from "./cluster";

// Vitest global setup: one migrated template database per run. Test files copy
// it (CREATE DATABASE ... TEMPLATE), which takes a fraction of a second.

export default async function setup() {
  let stop = async () => {};
  let adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) {
    const server = await startTestCluster();
    adminUrl = server.urlFor("postgres");
    stop = server.stop;
    process.env.TEST_PG_ADMIN_URL = adminUrl;
  }
  assertLocal(adminUrl);
  await buildTemplate(adminUrl);
  return async () => {
    await stop();
  };
}
