using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Netra.Runtime.Serialization;

/// <summary>What every serialized exception carries, handed to the factory that recreates it.</summary>
/// <param name="TypeName">The full name of the exception's type where it was thrown.</param>
/// <param name="Message">Its message.</param>
/// <param name="StackTrace">Its stack trace where it was thrown, if any.</param>
/// <param name="Inner">Its inner exception, already recreated.</param>
public readonly record struct ExceptionParts(string TypeName, string Message, string? StackTrace, Exception? Inner);

/// <summary>Recreates an exception from its parts and the data its writer added.</summary>
public delegate Exception ExceptionFactory(ExceptionParts parts, WireReader data);

/// <summary>Writes the data of an exception type beyond its message, stack trace and inner exception.</summary>
public delegate void ExceptionDataWriter<in TException>(WireWriter writer, TException exception)
    where TException : Exception;

/// <summary>
/// Writes and reads exceptions. On the wire: a presence header, the type's full name and assembly-qualified name,
/// the message, the stack trace, the type's own data (length-prefixed, so a reader that does not know the type skips
/// it), and the inner exception, recursively up to <see cref="MaxDepth"/>. Netra's exceptions and common BCL
/// exceptions are recreated with their type; any other becomes a <see cref="RemoteGrainException"/>.
/// </summary>
public static class ExceptionCodec
{
    /// <summary>How many inner exceptions deep the codec writes; deeper ones are dropped.</summary>
    public const int MaxDepth = 8;

    private const int FieldCount = 6;
    private static readonly ConcurrentDictionary<Type, Action<WireWriter, Exception>> s_writers = new();
    private static readonly ConcurrentDictionary<string, ExceptionFactory> s_factories = new(StringComparer.Ordinal);

    static ExceptionCodec() => KnownExceptions.Register();

    /// <summary>
    /// Lets exceptions of exactly <typeparamref name="TException"/> cross processes with their type and data.
    /// The first registration of a type wins.
    /// </summary>
    public static void Register<TException>(ExceptionDataWriter<TException>? writeData, ExceptionFactory create)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(create);
        var name = typeof(TException).FullName ?? typeof(TException).Name;
        if (s_factories.TryAdd(name, create))
        {
            s_writers[typeof(TException)] = writeData is null
                ? static (_, _) => { }
                : (writer, exception) => writeData(writer, (TException)exception);
        }
    }

    /// <summary>Writes an exception, or null.</summary>
    public static void Write(WireWriter writer, Exception? exception) => Write(writer, exception, 0);

    /// <summary>Reads an exception, or null.</summary>
    public static Exception? Read(WireReader reader)
    {
        var fields = reader.ReadObjectHeader();
        if (fields < 0)
        {
            return null;
        }

        if (fields < FieldCount)
        {
            throw new WireFormatException($"An exception has {fields} fields; at least {FieldCount} are expected.");
        }

        var typeName = reader.ReadString() ?? "System.Exception";
        _ = reader.ReadString(); // The assembly-qualified name, for diagnostics of other readers.
        var message = reader.ReadString() ?? "";
        var stackTrace = reader.ReadString();
        var data = reader.ReadMemory();
        var inner = Read(reader);
        var parts = new ExceptionParts(typeName, message, stackTrace, inner);

        var exception = s_factories.TryGetValue(typeName, out var factory)
            ? factory(parts, new WireReader(data, reader.Context))
            : new RemoteGrainException(typeName, message, stackTrace, inner);
        if (!string.IsNullOrEmpty(stackTrace))
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(exception, stackTrace);
        }

        return exception;
    }

    /// <summary>Reads an exception that must be a <typeparamref name="TException"/>, for members typed as one.</summary>
    public static TException ReadAs<TException>(WireReader reader)
        where TException : Exception =>
        Read(reader) switch
        {
            null => null!,
            TException typed => typed,
            var other => throw new WireFormatException(
                $"A {typeof(TException)} was expected but the exception read back as {other.GetType()} ({(other as RemoteGrainException)?.RemoteTypeName}); " +
                "register its type with ExceptionCodec.Register so it keeps its type across processes."),
        };

    private static void Write(WireWriter writer, Exception? exception, int depth)
    {
        if (exception is null)
        {
            writer.WriteNull();
            return;
        }

        var type = exception.GetType();
        var remote = exception as RemoteGrainException;
        writer.WriteObjectHeader(FieldCount);
        writer.WriteString(remote?.RemoteTypeName ?? type.FullName);
        writer.WriteString(remote is null ? type.AssemblyQualifiedName : null);
        writer.WriteString(exception.Message);
        writer.WriteString(exception.StackTrace);
        if (remote is null && s_writers.TryGetValue(type, out var writeData))
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            writeData(new WireWriter(buffer), exception);
            writer.WriteBytes(buffer.WrittenSpan);
        }
        else
        {
            writer.WriteBytes(ReadOnlySpan<byte>.Empty);
        }

        Write(writer, depth + 1 < MaxDepth ? exception.InnerException : null, depth + 1);
    }
}
