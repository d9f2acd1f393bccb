package org.cnnexplorer.engine.natives;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few C library calls the engine makes where Java has none (through JNA). */
interface Libc extends Library {
    int PRIO_PROCESS = 0;

    int setenv(String name, String value, int overwrite);

    int setpriority(int which, int who, int prio);

    /** The C library, or a LinkageError where JNA cannot load it. */
    static Libc load() {
        return Native.loadLibrary("c", Libc.class);
    }
}
