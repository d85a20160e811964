export { createTestApp, TestClock, type TestContext, type TestAppOptions } from './test-app';
export { Factory, TEST_PASSWORD, type TestUser } from './factory';
export { createTestDatabase, dropDatabase, databaseUrl, withServer } from './databases';
export { problemOf } from './problem';
export { ContractValidator, contractValidator, DOCUMENT_PATH, type Exchange } from './contract';
