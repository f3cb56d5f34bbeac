using Microsoft.Extensions.Logging;
using Netra.Grains.Tools.Framework;
using Netra.Runtime;

namespace Netra.Grains.Tools;

/// <summary>
/// Runs analysis tools for the agents and <c>POST /api/tools/{name}</c>. A stateless worker: calls spread over the
/// silos and run in parallel, each on the calling user's data only. Unknown tools and invalid parameters throw
/// <see cref="ArgumentException"/>; other failures are logged with the grain and rethrown.
/// </summary>
[StatelessWorker]
public sealed class ToolGrain(ToolRunner runner, ILogger<ToolGrain> logger) : Grain, IToolGrain
{
    /// <inheritdoc />
    public async Task<ToolResult> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunAsync(invocation, cancellationToken);
        }
        catch (Exception ex) when (ex is not (ArgumentException or OperationCanceledException))
        {
            ToolsLog.ToolFailed(logger, GetPrimaryKeyString(), invocation.Tool, invocation.UserId, ex);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<List<ToolDescriptor>> ListAsync() => Task.FromResult(runner.Descriptors.ToList());
}
