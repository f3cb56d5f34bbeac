using Netra.Runtime.Tests.Support;

namespace Netra.Runtime.Tests.Errors;

[Collection(ClusterCollection.Name)]
public sealed class ErrorTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Exception_thrown_by_a_grain_reaches_the_caller_with_its_type_and_message()
    {
        var grain = fixture.Client.GetGrain<IThrowingGrain>("errors");

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowArgumentAsync("bad model name"));

        Assert.StartsWith("bad model name", exception.Message);
        Assert.Equal("message", exception.ParamName);
    }

    [Fact]
    public async Task Application_exception_keeps_its_own_type_and_data()
    {
        var grain = fixture.Client.GetGrain<IThrowingGrain>("errors");

        var exception = await Assert.ThrowsAsync<BudgetExceededException>(() => grain.ThrowCustomAsync(250m));

        Assert.Equal(250m, exception.Limit);
    }

    [Fact]
    public async Task Exception_thrown_after_an_await_reaches_the_caller()
    {
        var grain = fixture.Client.GetGrain<IThrowingGrain>("errors");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowAfterAwaitAsync("late failure").AsTask());

        Assert.Equal("late failure", exception.Message);
    }

    [Fact]
    public async Task Grain_keeps_serving_after_its_calls_throw()
    {
        var grain = fixture.Client.GetGrain<IThrowingGrain>("resilient");
        var before = await grain.PingAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowArgumentAsync("x"));

        Assert.Equal(before + 1, await grain.PingAsync());
    }

    [Fact]
    public async Task Failed_activation_fails_the_call_with_its_exception_and_the_next_call_tries_again()
    {
        var key = Guid.NewGuid().ToString("N");
        FragileGrain.Broken[key] = true;
        var grain = fixture.Client.GetGrain<IFragileGrain>(key);

        var failures = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            await Record.ExceptionAsync(() => grain.HelloAsync())));

        Assert.All(failures, e => Assert.Equal($"cannot activate {key}", Assert.IsType<InvalidOperationException>(e).Message));
        FragileGrain.Broken.TryRemove(key, out _);
        Assert.Equal($"hello from {key}", await grain.HelloAsync());
    }
}
