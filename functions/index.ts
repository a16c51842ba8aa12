// The Functions host loads this module; each import registers its functions with `app`.
import "./resourceChanged.ts";
import "./worker.ts";
import "./sweep.ts";
import "./api.ts";
import "./scans.ts";
import "./findings.ts";
import "./remediations.ts";
import "./actions.ts";
import "./keyAccess.ts";
import "./ticketOutbox.ts";
