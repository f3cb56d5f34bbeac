using System.Collections.Immutable;
using Netra.Runtime.Tests.Identity;

namespace Netra.Runtime.Tests.Serialization;

public enum Priority : byte
{
    Low,
    High = 255,
}

[Flags]
public enum Access : ulong
{
    None = 0,
    Read = 1,
    Top = 1UL << 63,
}

public sealed record Address(string Street, string? City, int? Zip);

public sealed record Customer(Guid Id, string Name, Address? Home, IReadOnlyList<Address> Others, Priority Priority);

/// <summary>A class with a parameterless constructor and settable and init members.</summary>
public sealed class Settings
{
    public int Retries { get; set; }

    public string? Label { get; init; }

    public List<string>? Tags { get; set; }

    /// <summary>Computed, so not on the wire.</summary>
    public int TagCount => Tags?.Count ?? 0;
}

public readonly record struct Money(decimal Amount, string Currency);

public sealed record Tree(string Name, List<Tree> Children);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>Every built-in type, for round trips and the property-based loop.</summary>
public sealed record Everything(
    bool Flag,
    byte Byte,
    sbyte SByte,
    short Short,
    ushort UShort,
    int Int,
    uint UInt,
    long Long,
    ulong ULong,
    char Char,
    float Float,
    double Double,
    decimal Decimal,
    string? Text,
    Guid Guid,
    DateTime At,
    DateTimeOffset AtOffset,
    TimeSpan Span,
    DateOnly Day,
    TimeOnly Time,
    byte[]? Bytes,
    Access Access,
    Priority Priority,
    int? MaybeInt,
    Money? MaybeMoney,
    int[]? Numbers,
    List<string?>? Names,
    Dictionary<string, List<int?>>? Index,
    HashSet<Guid>? Ids,
    ImmutableArray<long> Longs,
    ImmutableList<string> Words,
    ImmutableDictionary<int, Address?> Addresses,
    (int Count, string? Last) Stats,
    KeyValuePair<string, double> Pair,
    IEnumerable<int>? Sequence,
    ICollection<Money>? Wallet,
    IReadOnlyCollection<Tree>? Forest,
    IDictionary<Priority, string>? ByPriority,
    IReadOnlyDictionary<string, Settings>? SettingsByName,
    ISet<int>? Set,
    IList<int[]>? Jagged,
    (byte A, short B, int C, long D, string E, bool F, Priority G) Seven,
    ReadOnlyMemory<byte> Memory,
    GrainId Grain);

public interface ISerializationProbeGrain : IGrainWithStringKey
{
    Task<Everything> EchoAsync(Everything value);

    Task<Customer?> FindAsync(Guid id, Page<Customer> page, CancellationToken cancellationToken);

    Task<Settings> ConfigureAsync(Settings settings, Money price);

    Task<(int Count, string? Last)> CountAsync(Tree tree);

    Task<IStringKeyed> LinkAsync(IStringKeyed other, IIntegerKeyed? maybe);

    Task<Exception?> CatchAsync(string message);

    ValueTask TouchAsync();

    ValueTask<int> AddAsync(int a, int b);
}

/// <summary>Stands in for the grain: requests read back from the wire are invoked on it.</summary>
public sealed class SerializationProbe : ISerializationProbeGrain
{
    public int Touches { get; private set; }

    public Task<Everything> EchoAsync(Everything value) => Task.FromResult(value);

    public Task<Customer?> FindAsync(Guid id, Page<Customer> page, CancellationToken cancellationToken) =>
        Task.FromResult(page.Items.FirstOrDefault(c => c.Id == id));

    public Task<Settings> ConfigureAsync(Settings settings, Money price) =>
        Task.FromResult(new Settings { Retries = settings.Retries + 1, Label = $"{settings.Label} {price.Amount} {price.Currency}", Tags = settings.Tags });

    public Task<(int Count, string? Last)> CountAsync(Tree tree)
    {
        var names = new List<string>();
        Walk(tree, names);
        return Task.FromResult<(int, string?)>((names.Count, names.LastOrDefault()));
    }

    public Task<IStringKeyed> LinkAsync(IStringKeyed other, IIntegerKeyed? maybe) => Task.FromResult(other);

    public Task<Exception?> CatchAsync(string message) => Task.FromResult<Exception?>(new InvalidOperationException(message));

    public ValueTask TouchAsync()
    {
        Touches++;
        return default;
    }

    public ValueTask<int> AddAsync(int a, int b) => new(a + b);

    private static void Walk(Tree tree, List<string> names)
    {
        names.Add(tree.Name);
        foreach (var child in tree.Children)
        {
            Walk(child, names);
        }
    }
}
