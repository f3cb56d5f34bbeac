using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Netra.Deploy.Tests.Support;

/// <summary>Reads YAML with YamlDotNet (merge keys <c>&lt;&lt;: *anchor</c> resolved, as Compose does) and walks it.</summary>
public static class Yaml
{
    /// <summary>The root node of each document in <paramref name="text"/> (documents split by <c>---</c>).</summary>
    public static IReadOnlyList<YamlNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    /// <summary>The value under <paramref name="key"/> of a mapping; null when the node is no mapping or lacks the key.</summary>
    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The node at a path of mapping keys.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path) => path.Aggregate(node, (current, key) => current.Child(key));

    /// <summary>A scalar's value; null for anything else (a missing node included).</summary>
    public static string? Str(this YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>A sequence's items; none for anything else.</summary>
    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>A mapping's entries with scalar keys; none for anything else.</summary>
    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) => node is YamlMappingNode mapping
        ? mapping.Children.Where(e => e.Key is YamlScalarNode).Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value ?? "", e.Value))
        : [];

    /// <summary>Strings of a sequence of scalars, or the words of one scalar (Compose's shell-form healthcheck test).</summary>
    public static IReadOnlyList<string> Words(this YamlNode? node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.Select(c => c.Str() ?? "").ToList(),
        YamlScalarNode scalar => (scalar.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        _ => [],
    };
}
