// The Functions host loads this module; each import registers one function with `app`.
import "./resourceChanged.ts";
import "./sweep.ts";
import "./api.ts";
import "./keyAccess.ts";
