import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Pages render many components in jsdom; on a busy CI machine (two cores
// shared with builds and a browser) they can take seconds. Wait longer
// rather than fail on the machine's speed; what is asserted stays the same.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
