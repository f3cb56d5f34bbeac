using Microsoft.Extensions.Hosting;

namespace Netra.Benchmarks;

/// <summary>
/// A host lifetime that leaves Ctrl-C and SIGTERM alone. The generic host's default lifetime takes them to stop the
/// host and keeps the process running, so a benchmark would go on measuring; with this one the process ends, and its
/// exit handlers end the silo processes and the throwaway PostgreSQL.
/// </summary>
internal sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
