// What every v4 Node.js app must load: the programming model alone, the floor of a cold start.
import "@azure/functions";
