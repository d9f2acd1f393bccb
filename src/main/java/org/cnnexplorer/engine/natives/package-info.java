/**
 * Native set-up before ND4J loads: the oneDNN variant and OpenBLAS kernel for this CPU, thread counts, and the few
 * libc calls that lower a worker thread's priority.
 */
package org.cnnexplorer.engine.natives;
