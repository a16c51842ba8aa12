// The Functions host loads this module; each import registers its functions with `app`.
import "./resourceChanged.ts";
import "./worker.ts";
import "./sweepTimer.ts";
import "./scanResource.ts";
import "./sweeps.ts";
import "./deprecatedRoutes.ts";
import "./findings.ts";
import "./remediations.ts";
import "./actions.ts";
import "./exceptions.ts";
import "./keyAccess.ts";
import "./ticketOutbox.ts";
