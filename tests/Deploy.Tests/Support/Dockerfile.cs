using System.Text.RegularExpressions;

namespace Netra.Deploy.Tests.Support;

/// <summary>A Dockerfile's instructions, continuation lines joined and comments dropped.</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<(string Instruction, string Arguments)> instructions) => Instructions = instructions;

    /// <summary>The instructions in order, each upper case with its arguments.</summary>
    public IReadOnlyList<(string Instruction, string Arguments)> Instructions { get; }

    /// <summary>Parses the text.</summary>
    public static Dockerfile Parse(string text)
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            pending += line.EndsWith('\\') ? line[..^1] + " " : line;
            if (line.EndsWith('\\'))
            {
                continue;
            }

            var trimmed = pending.Trim();
            pending = "";
            if (trimmed.Length == 0)
            {
                continue;
            }

            var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0
                ? (trimmed.ToUpperInvariant(), "")
                : (trimmed[..space].ToUpperInvariant(), Whitespace().Replace(trimmed[(space + 1)..].Trim(), " ")));
        }

        return new Dockerfile(instructions);
    }

    /// <summary>The arguments of every instruction of one kind.</summary>
    public IEnumerable<string> All(string instruction) => Instructions.Where(i => i.Instruction == instruction).Select(i => i.Arguments);

    /// <summary>The index of the first instruction of a kind whose arguments contain <paramref name="text"/>; -1 if none.</summary>
    public int IndexOf(string instruction, string text)
    {
        for (var i = 0; i < Instructions.Count; i++)
        {
            if (Instructions[i].Instruction == instruction && Instructions[i].Arguments.Contains(text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The image of each stage (<c>FROM image AS name</c>).</summary>
    public IReadOnlyList<string> StageImages => All("FROM").Select(a => a.Split(' ')[0]).ToList();

    /// <summary>The ports of every EXPOSE.</summary>
    public IReadOnlySet<int> ExposedPorts => All("EXPOSE").SelectMany(a => a.Split(' ')).Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>The variables set by ENV in the last stage (the runtime image), <c>NAME=value</c> form.</summary>
    public IReadOnlyDictionary<string, string> RuntimeEnvironment
    {
        get
        {
            var lastFrom = Instructions.Select((i, index) => (i, index)).Last(x => x.i.Instruction == "FROM").index;
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (instruction, arguments) in Instructions.Skip(lastFrom))
            {
                if (instruction == "ENV")
                {
                    foreach (Match match in Assignment().Matches(arguments))
                    {
                        env[match.Groups["name"].Value] = match.Groups["value"].Value;
                    }
                }
            }

            return env;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    private static partial Regex Assignment();
}
