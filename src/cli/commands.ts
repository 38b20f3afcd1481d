// Each import registers one subcommand with the CLI.
import './eval.js';
import './learn.js';
import './tag.js';
import './lint.js';
import './serve.js';
