namespace Netra.Runtime.Tests.Identity;

public interface IStringKeyed : IGrainWithStringKey
{
    Task<string> GetKeyAsync();

    /// <summary>Calls the grain it is given and returns its key: a reference sent inside a message.</summary>
    Task<long> AskAsync(IIntegerKeyed other);
}

public interface IGuidKeyed : IGrainWithGuidKey
{
    Task<Guid> GetKeyAsync();
}

public interface IIntegerKeyed : IGrainWithIntegerKey
{
    Task<long> GetKeyAsync();
}

public sealed class StringKeyedGrain : Grain, IStringKeyed
{
    public Task<string> GetKeyAsync() => Task.FromResult(GetPrimaryKeyString());

    public Task<long> AskAsync(IIntegerKeyed other) => other.GetKeyAsync();
}

public sealed class GuidKeyedGrain : Grain, IGuidKeyed
{
    public Task<Guid> GetKeyAsync() => Task.FromResult(GetPrimaryKey());
}

public sealed class IntegerKeyedGrain : Grain, IIntegerKeyed
{
    public Task<long> GetKeyAsync() => Task.FromResult(GetPrimaryKeyLong());
}
