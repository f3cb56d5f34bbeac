using System.Globalization;

namespace Netra.Runtime;

/// <summary>
/// The identity of a grain: its type name and its key. Keys of every kind are held in a canonical string form,
/// so a <see cref="GrainId"/> is cheap to hash, compare, log and write to storage or the wire.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Creates the id of a grain with a string key.</summary>
    public static GrainId Create(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        return new GrainId(type, key);
    }

    /// <summary>Creates the id of a grain with a <see cref="Guid"/> key.</summary>
    public static GrainId Create(string type, Guid key) => Create(type, key.ToString("N"));

    /// <summary>Creates the id of a grain with an integer key.</summary>
    public static GrainId Create(string type, long key) => Create(type, key.ToString(CultureInfo.InvariantCulture));

    /// <summary>The key read as a <see cref="Guid"/>.</summary>
    public Guid GetGuidKey() => Guid.ParseExact(Key, "N");

    /// <summary>The key read as an integer.</summary>
    public long GetIntegerKey() => long.Parse(Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => $"{Type}/{Key}";
}
