// The Functions host loads this module: it registers every function, whose code loads on first use.
import "./registry.ts";
