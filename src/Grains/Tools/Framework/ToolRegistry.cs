using System.Diagnostics.CodeAnalysis;

namespace Netra.Grains.Tools.Framework;

/// <summary>The analysis tools this process can run, by name, with their descriptors.</summary>
public sealed class ToolRegistry
{
    private readonly Dictionary<string, IAnalysisTool> _tools = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="tools"/>.</summary>
    /// <exception cref="ArgumentException">Two tools share a name.</exception>
    public ToolRegistry(IEnumerable<IAnalysisTool> tools)
    {
        foreach (var tool in tools)
        {
            if (!_tools.TryAdd(tool.Name, tool))
            {
                throw new ArgumentException($"Two analysis tools are named '{tool.Name}'.", nameof(tools));
            }
        }

        Descriptors = [.. _tools.Values.Select(t => new ToolDescriptor(t.Name, t.Category, t.Description, ToolSchema.Build(t.Parameters)))];
    }

    /// <summary>The tools' descriptors, in registration order.</summary>
    public IReadOnlyList<ToolDescriptor> Descriptors { get; }

    /// <summary>The tool named <paramref name="name"/>.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out IAnalysisTool? tool) => _tools.TryGetValue(name, out tool);
}
