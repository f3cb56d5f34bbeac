using System.ComponentModel;
using Netra.Runtime.Serialization;

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

    /// <summary>
    /// The method's stable id on the wire: the declaring interface's full name, the method name and the parameter
    /// types, e.g. <c>Netra.Grains.IThreadGrain.PostAsync(Netra.Grains.Message,System.Threading.CancellationToken)</c>.
    /// <see cref="GrainRequestRegistry.Read"/> turns it and the arguments back into a request.
    /// </summary>
    public abstract string MethodId { get; }

    /// <summary>Writes the arguments, in order; a cancellation token is not written (cancellation travels separately).</summary>
    public abstract void WriteArguments(WireWriter writer);

    /// <summary>Reads this request's result from a response and completes <paramref name="sink"/> with it.</summary>
    internal abstract void CompleteFromWire(WireReader reader, IResponseSink sink);

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

    /// <summary>Writes a result of this method (nothing for <see cref="VoidResult"/>).</summary>
    public static void WriteResult(WireWriter writer, TResult result) => WireCodec<TResult>.Write(writer, result);

    /// <summary>Reads a result of this method.</summary>
    public static TResult ReadResult(WireReader reader) => WireCodec<TResult>.Read(reader);

    internal sealed override void CompleteFromWire(WireReader reader, IResponseSink sink) => sink.Complete(ReadResult(reader));

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
