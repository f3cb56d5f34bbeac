using System.Globalization;
using Netra.Runtime.Testing.Processes;

namespace Netra.Gateway.Tests.WebSockets;

/// <summary>A gateway in a child process (<c>dotnet Netra.Gateway.dll</c>), so a test can SIGKILL it.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly Lazy<string> s_gatewayDll = new(() => ChildProcess.FindHostDll(typeof(GatewayProcess).Assembly, "Gateway", "Netra.Gateway"));

    private readonly ChildProcess _process;

    private GatewayProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Its name, for messages.</summary>
    public string Name => _process.Name;

    /// <summary>What it wrote to stdout and stderr (the last 2000 lines).</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts a gateway on <paramref name="port"/> (a free loopback port when null: a restarted gateway takes its
    /// predecessor's) with <paramref name="settings"/>; waits until <c>/health</c> answers.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(string name, IDictionary<string, string?> settings, int? port = null)
    {
        port ??= ChildProcess.FreePort();
        var configuration = settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!);
        configuration["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        var gateway = new GatewayProcess(ChildProcess.Start(name, s_gatewayDll.Value, configuration), new Uri($"http://127.0.0.1:{port}/"));
        await gateway.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        return gateway;
    }

    /// <summary>An HTTP client for it.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Kills it with SIGKILL: its sockets drop without a close frame.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Stops it with SIGTERM, as a rolling restart does: it closes its sockets with a reason and flushes its telemetry.</summary>
    public Task<bool> StopAsync(TimeSpan grace) => _process.StopAsync(grace);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = CreateClient();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Gateway {_process.Name} exited with code {_process.ExitCode}. Its output:\n{_process.Output}");
            }

            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gateway {_process.Name} did not answer /health within {timeout}. Its output:\n{_process.Output}");
            }

            await Task.Delay(200);
        }
    }
}
