/**
 * Files written whole or not at all, a Cancel that refuses once saving has begun, and the folders where the
 * application keeps what the user made. Plain Java only.
 */
package org.cnnexplorer.io;
