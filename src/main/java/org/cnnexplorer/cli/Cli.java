package org.cnnexplorer.cli;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Num;
import org.cnnexplorer.arch.ShapeException;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.report.Summaries;
import org.cnnexplorer.weights.WeightsFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The command line: {@code cnn-explorer list | summary ID ...}. The help options and {@code --verbose} are inherited,
 * so every subcommand, present and future, answers {@code -h} before it checks its own parameters.
 */
@Command(name = "cnn-explorer", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Cli.Version.class,
        description = "Explore AlexNet, VGG, GoogLeNet and ResNet: exact shapes, parameters and MACs.",
        subcommands = {Cli.HelpCommand.class, Cli.ListCommand.class, Cli.SummaryCommand.class,
                TrainCommands.Train.class, TrainCommands.Evaluate.class, ClassifyCommand.class,
                DegradationCommand.class, BenchCommand.class, RenderCommand.class, LessonCommand.class,
                BenchUiCommand.class, WeightsCommand.class})
public final class Cli implements Callable<Integer> {

    /** slf4j-simple's default level; {@code simplelogger.properties} sets it to warn, a system property wins. */
    static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Takes effect in main(), before any logger exists; here picocli only has to accept it anywhere on the line.
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show the engine's (ND4J, DL4J, JavaCPP) INFO logging on stderr.")
    boolean verbose;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Runs the CLI with {@code args}, writing to {@code out}/{@code err}; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(CommandLine.defaultFactory(), out, err, args);
    }

    /** {@link #run(PrintWriter, PrintWriter, String...)} with commands {@code factory} makes (tests: own sources). */
    static int run(CommandLine.IFactory factory, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Cli(), factory);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(ex.getMessage().replaceFirst("\\.$", "") + "; see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            err.flush();
            return UserError.STATUS;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            boolean badInput = badInput(ex);
            err.println(badInput ? oneLine(ex) : "internal error: " + oneLine(ex)
                    + (verbose(args) ? "" : " (--verbose shows where)"));
            if (!badInput && verbose(args)) {
                ex.printStackTrace(err);
            }
            err.flush();
            return badInput ? UserError.STATUS : INTERNAL_ERROR;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** Exit status of a failure that is ours, not the input's. */
    static final int INTERNAL_ERROR = 1;

    /**
     * Failures caused by what the user gave (arguments, files, folders): one line and {@link UserError#STATUS}.
     * Everything else is an internal error.
     */
    static boolean badInput(Exception ex) {
        return ex instanceof UserError || ex instanceof ShapeException || ex instanceof FileSystemException
                || ex instanceof WeightsFileException || ex instanceof DataException || ex instanceof OnnxException;
    }

    /** The failure in one line: a file system error names the file and says what was wrong with it. */
    static String oneLine(Exception ex) {
        if (ex instanceof AtomicFiles.UnwritableException) {
            return ex.getMessage();
        }
        if (ex instanceof FileSystemException f) {
            String why = f.getReason() != null ? f.getReason().toLowerCase(Locale.ROOT)
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof NoSuchFileException ? "no such file or folder"
                    : f instanceof NotDirectoryException ? "not a folder"
                    : f instanceof FileAlreadyExistsException ? "already exists" : "cannot be used";
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + why;
        }
        String m = ex.getMessage();
        String text = m == null || m.isBlank() ? ex.getClass().getSimpleName()
                : ex instanceof UserError || badInput(ex) ? m : ex.getClass().getSimpleName() + ": " + m;
        return text.lines().findFirst().orElse(text);
    }

    public static void main(String[] args) {
        // slf4j-simple reads its level once, when the first logger is made: before anything can load ND4J
        if (verbose(args) && System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "info");
        }
        NativeSetup.configure();
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Whether {@code args} ask for {@code --verbose}, on the main command or a subcommand. */
    static boolean verbose(String... args) {
        try {
            for (ParseResult r = new CommandLine(new Cli()).parseArgs(args); r != null; r = r.subcommand()) {
                if (r.hasMatchedOption("--verbose")) {
                    return true;
                }
            }
        } catch (CommandLine.ParameterException e) {
            // run() reports it
        }
        return false;
    }

    /** The version Maven wrote into {@code version.properties} when it built this jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"CNN Explorer " + p.getProperty("version", "(version unknown)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }

    /**
     * {@code help [COMMAND...]}: the help of a command at any depth ({@code help weights import}), where picocli's
     * own help command takes one name and showed {@code weights}'s help for that line.
     */
    @Command(name = "help", helpCommand = true, description = "Show the help of a command: help weights import.")
    static final class HelpCommand implements Callable<Integer> {
        @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommand if any.")
        List<String> path = List.of();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine at = spec.commandLine().getParent();
            for (String name : path) {
                CommandLine next = at.getSubcommands().get(name);
                if (next == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "Unknown command: '"
                            + String.join(" ", path) + "'");
                }
                at = next;
            }
            at.usage(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "list", description = "List every network in the catalog with its parameters and MACs.")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Summaries.EntryJson> rows = Catalog.entries().stream()
                    .map(e -> Summaries.toJson(e, e.build())).toList();
            if (json) {
                out.println(Summaries.json(rows));
                return 0;
            }
            String row = "%-14s %-10s %-42s %-12s %16s %16s %6s%n";
            out.printf(Locale.ROOT, row, "ID", "FAMILY", "TITLE", "INPUT", "PARAMS", "MACs", "DEPTH");
            for (Summaries.EntryJson r : rows) {
                out.printf(Locale.ROOT, row, r.id(), r.family(), r.title(),
                        String.join("×", r.input().stream().map(String::valueOf).toList()),
                        Num.grouped(r.params()), Num.grouped(r.macs()), r.depth());
            }
            out.println("MACs = multiply-accumulates of conv and fc layers for one image; FLOPs ≈ 2 × MACs.");
            return 0;
        }
    }

    @Command(name = "summary", description = "Show every layer of a network: output shape, parameters, MACs.")
    static final class SummaryCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "Network id (see 'list').")
        String id;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Option(names = "--input", paramLabel = "CxHxW", description = "Input shape, e.g. 1x28x28.")
        String input;

        @Option(names = "--classes", paramLabel = "N", description = "Number of classes.")
        Integer classes;

        @Option(names = "--formulas", description = "Show how each layer's params and MACs are derived.")
        boolean formulas;

        @Override
        public Integer call() {
            Network n = CatalogArgs.build(id, input, classes);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? Summaries.json(Summaries.toJson(n)) + System.lineSeparator()
                    : Summaries.table(n, formulas));
            return 0;
        }
    }
}
