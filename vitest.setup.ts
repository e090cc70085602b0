import 'reflect-metadata';

// CLI and server processes that tests spawn inherit this: they start on a bare home, quickly, unless a test asks for the defaults.
process.env.ATELIER_DEFAULTS ??= '0';
