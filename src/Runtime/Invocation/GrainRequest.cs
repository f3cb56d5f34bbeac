using System.ComponentModel;

namespace Netra.Runtime;

/// <summary>
/// One call of one grain interface method with its arguments: the body of a request message. The source generator
/// writes a sealed subclass per interface method, so dispatch is a virtual call and a cast, never reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest
{
    /// <summary>The full name of the interface that declares the method.</summary>
    public abstract string InterfaceName { get; }

    /// <summary>The method's name.</summary>
    public abstract string MethodName { get; }

    /// <summary>The method's own call timeout, from <see cref="ResponseTimeoutAttribute"/>.</summary>
    public virtual TimeSpan? ResponseTimeout => null;

    /// <summary>Whether the method may interleave with any other request (<see cref="AlwaysInterleaveAttribute"/>).</summary>
    public virtual bool IsAlwaysInterleave => false;

    /// <summary>Whether the caller does not wait (<see cref="OneWayAttribute"/>).</summary>
    public virtual bool IsOneWay => false;

    /// <summary>The call's <see cref="System.Threading.CancellationToken"/> argument, if the method has one.</summary>
    public virtual CancellationToken CancellationToken
    {
        get => default;
        set { }
    }

    /// <summary>Whether the method takes a cancellation token.</summary>
    public virtual bool HasCancellationToken => false;

    /// <summary>Runs the request on a grain and reports its outcome to <paramref name="sink"/>.</summary>
    internal abstract ValueTask RunAsync(object grain, IResponseSink sink);

    /// <inheritdoc />
    public override string ToString() => $"{InterfaceName}.{MethodName}";
}

/// <summary>A request whose response carries a <typeparamref name="TResult"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest<TResult> : GrainRequest
{
    /// <summary>Calls the method on the grain. Generated.</summary>
    public abstract ValueTask<TResult> InvokeAsync(object grain);

    internal sealed override ValueTask RunAsync(object grain, IResponseSink sink)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeAsync(grain);
        }
        catch (Exception exception)
        {
            sink.Fail(exception);
            return default;
        }

        if (pending.IsCompletedSuccessfully)
        {
            sink.Complete(pending.Result);
            return default;
        }

        return AwaitAsync(pending, sink);
    }

    private static async ValueTask AwaitAsync(ValueTask<TResult> pending, IResponseSink sink)
    {
        try
        {
            sink.Complete(await pending);
        }
        catch (Exception exception)
        {
            sink.Fail(exception);
        }
    }
}

/// <summary>The result of a method that returns a plain <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
public readonly record struct VoidResult;

/// <summary>Receives the outcome of a request.</summary>
internal interface IResponseSink
{
    void Complete<TResult>(TResult result);

    void Fail(Exception exception);
}
