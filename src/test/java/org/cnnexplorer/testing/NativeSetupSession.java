package org.cnnexplorer.testing;

import org.cnnexplorer.engine.natives.NativeSetup;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Configures ND4J's natives as the product does, before the first test of the run can load ND4J. */
public final class NativeSetupSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeSetup.configure();
    }
}
