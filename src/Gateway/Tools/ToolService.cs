using Netra.Grains.Tools;
using Netra.Runtime;

namespace Netra.Gateway.Tools;

/// <summary>
/// The gateway's side of the tool grain: lists the tools (once; a build's tools do not change while it runs) and runs
/// one for a user through <see cref="IToolGrain"/>, which spreads the work over the silos.
/// </summary>
public sealed class ToolService(IClusterClient grains, ILogger<ToolService> logger)
{
    private IReadOnlyList<ToolView>? _tools;

    private IToolGrain Grain => grains.GetGrain<IToolGrain>(IToolGrain.AnyKey);

    /// <summary>The tools with their parameter schemas.</summary>
    public async Task<IReadOnlyList<ToolView>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _tools ??= [.. (await Grain.ListAsync()).Select(ToolView.From)];
    }

    /// <summary>Whether a tool has this name.</summary>
    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).Any(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>Runs the tool on the user's data.</summary>
    /// <exception cref="ArgumentException">The tool refused the parameters.</exception>
    public async Task<ToolResult> RunAsync(string userId, string tool, string parametersJson, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Grain.RunAsync(new ToolInvocation(userId, tool, parametersJson), cancellationToken);
            ToolsApiLog.ToolRan(logger, tool, userId, result.DurationMs);
            return result;
        }
        catch (ArgumentException ex)
        {
            ToolsApiLog.ParametersRefused(logger, tool, userId, ex.Message);
            throw;
        }
    }
}
