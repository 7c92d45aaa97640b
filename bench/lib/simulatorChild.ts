// Entry of the simulator's own process for the benchmarks (see simulatorProcess.ts).
import { serveSimulator } from './simulatorProcess';

serveSimulator();
