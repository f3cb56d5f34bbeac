using System.Diagnostics.CodeAnalysis;

namespace Netra.Grains.Workloads;

/// <summary>Dataset names: what is valid, and the names Netra itself uses.</summary>
public static class WorkloadDatasets
{
    /// <summary>The dataset of an event that names none.</summary>
    public const string Default = "default";

    /// <summary>The demo data of the embedded default.</summary>
    public const string Demo = "demo";

    /// <summary>The longest dataset name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>
    /// Whether <paramref name="name"/> is a valid dataset name: 1 to 64 ASCII letters, digits, <c>.</c>, <c>_</c> or
    /// <c>-</c>, starting with a letter or digit.
    /// </summary>
    public static bool IsValidName([NotNullWhen(true)] string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
