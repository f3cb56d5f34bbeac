using System.Diagnostics;
using System.Threading.Channels;

namespace Netra.Benchmarks.CrossSilo;

/// <summary>
/// A silo process started by the benchmark: this same program with <c>silo …</c> arguments. Commands go to its stdin
/// and answers come back on its stdout, a line each; its stderr is kept to show when something fails. Every child is
/// killed when the benchmark ends, however it ends: disposal stops it (or kills it if it will not stop), and the
/// process's exit and Ctrl-C handlers kill any that are left. A child also exits by itself when its stdin closes, so
/// even a benchmark killed outright leaves none behind.
/// </summary>
internal sealed class ChildSilo : IAsyncDisposable
{
    private const int KeptStderrLines = 200;

    private static readonly List<Process> s_running = [];

    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly Queue<string> _stderr = new();

    static ChildSilo()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private ChildSilo(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    /// <summary>Starts <c>silo --pg … --cluster … --name <paramref name="name"/></c> as a child process.</summary>
    public static ChildSilo Start(string name, string connectionString, string clusterId) =>
        StartChild(name, ["silo", "--pg", connectionString, "--cluster", clusterId, "--name", name]);

    /// <summary>
    /// Starts this program with <paramref name="arguments"/> as a child process that speaks the same line protocol (the
    /// websockets case's server processes use it too), with <paramref name="environment"/> added to its environment.
    /// </summary>
    public static ChildSilo StartChild(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var self = typeof(ChildSilo).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Under `dotnet run` this process is the app host (it runs the dll itself); under `dotnet <dll>` it is dotnet.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(self);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildSilo(name, process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._stdout.Writer.TryComplete();
            }
            else
            {
                child._stdout.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => child.KeepStderr(e.Data);
        lock (s_running)
        {
            process.Start();
            s_running.Add(process);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The child's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The CPU time the child has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>What the child wrote to stderr (the last lines of it).</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join(Environment.NewLine, _stderr);
            }
        }
    }

    /// <summary>Shows what the child wrote to stderr, if anything: warnings from a run that otherwise succeeded.</summary>
    public void PrintStderr()
    {
        if (Stderr is { Length: > 0 } text)
        {
            Console.Error.WriteLine($"{Name} wrote to stderr:{Environment.NewLine}{text}");
        }
    }

    /// <summary>Sends <paramref name="command"/> and returns the answer after <paramref name="replyWord"/>.</summary>
    public async Task<string> CommandAsync(string command, string replyWord, TimeSpan timeout)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        return await ExpectAsync(replyWord, timeout);
    }

    /// <summary>Waits for the next line, which must start with <paramref name="replyWord"/>, and returns the rest of it.</summary>
    public async Task<string> ExpectAsync(string replyWord, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string line;
        try
        {
            line = await _stdout.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw Failure($"did not answer '{replyWord}' within {timeout.TotalSeconds:F0} s");
        }
        catch (ChannelClosedException)
        {
            await _process.WaitForExitAsync(CancellationToken.None);
            throw Failure($"exited with code {_process.ExitCode} before answering '{replyWord}'");
        }

        return line.StartsWith(replyWord + " ", StringComparison.Ordinal)
            ? line[(replyWord.Length + 1)..]
            : throw Failure($"answered '{line}' where '{replyWord} …' was expected");
    }

    /// <summary>Asks the child to stop, and kills it if it has not exited within a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("quit");
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(grace.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or InvalidOperationException)
        {
            // It is stuck or its stdin is gone; it is killed below either way.
        }
        finally
        {
            Kill(_process);
            lock (s_running)
            {
                s_running.Remove(_process);
            }

            _process.Dispose();
        }
    }

    private InvalidOperationException Failure(string what) =>
        new($"Child process {Name} {what}. Its stderr:{Environment.NewLine}{Stderr}");

    private void KeepStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.Enqueue(line);
            if (_stderr.Count > KeptStderrLines)
            {
                _stderr.Dequeue();
            }
        }
    }

    private static void KillAll()
    {
        lock (s_running)
        {
            foreach (var process in s_running)
            {
                Kill(process);
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }
}
