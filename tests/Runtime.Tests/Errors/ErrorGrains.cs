namespace Netra.Runtime.Tests.Errors;

/// <summary>An exception type of the application's own, to check types survive a call.</summary>
public sealed class BudgetExceededException(string message, decimal limit) : Exception(message)
{
    public decimal Limit { get; } = limit;
}

/// <summary>Throws what it is asked to.</summary>
public interface IThrowingGrain : IGrainWithStringKey
{
    Task ThrowArgumentAsync(string message);

    Task<int> ThrowCustomAsync(decimal limit);

    /// <summary>Throws after an await, from a continuation on the grain's scheduler.</summary>
    ValueTask<int> ThrowAfterAwaitAsync(string message);

    Task<int> PingAsync();
}

public sealed class ThrowingGrain : Grain, IThrowingGrain
{
    private int _calls;

    public Task ThrowArgumentAsync(string message) => throw new ArgumentException(message, "message");

    public Task<int> ThrowCustomAsync(decimal limit) => throw new BudgetExceededException($"over budget {limit}", limit);

    public async ValueTask<int> ThrowAfterAwaitAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task<int> PingAsync() => Task.FromResult(++_calls);
}

/// <summary>Fails to activate while its key is in FragileGrain.Broken.</summary>
public interface IFragileGrain : IGrainWithStringKey
{
    Task<string> HelloAsync();
}

public sealed class FragileGrain : Grain, IFragileGrain
{
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Broken = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        Broken.ContainsKey(GetPrimaryKeyString())
            ? throw new InvalidOperationException($"cannot activate {GetPrimaryKeyString()}")
            : Task.CompletedTask;

    public Task<string> HelloAsync() => Task.FromResult($"hello from {GetPrimaryKeyString()}");
}
