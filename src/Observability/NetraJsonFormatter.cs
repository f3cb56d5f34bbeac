using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Netra.Runtime.Invocation;

namespace Netra.Observability;

/// <summary>
/// One JSON object per line, with the fields an operator filters on at the top level: time, level, category, event,
/// message, the trace and span ids of the current span, the user the work is for (the runtime's request context,
/// which the gateway sets and grain calls carry to every silo), and the grain whose request or timer is running.
/// The message's named values follow under <c>state</c>, then the logging scopes. Nothing here reads a request or
/// prompt body: a line carries only what a log message template put in it.
/// </summary>
public sealed class NetraJsonFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The name the console logger knows this formatter by.</summary>
    public const string FormatterName = "netra-json";

    private const string OriginalFormat = "{OriginalFormat}";

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteNumber("event_id", logEntry.EventId.Id);
            if (logEntry.EventId.Name is { } eventName)
            {
                json.WriteString("event_name", eventName);
            }

            json.WriteString("message", message);
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }

            WriteContext(json);
            WriteState(json, logEntry.State);
            WriteScopes(json, scopeProvider);
            json.WriteEndObject();
        }

        textWriter.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteContext(Utf8JsonWriter json)
    {
        if (Activity.Current is { } activity && activity.TraceId != default)
        {
            json.WriteString("trace_id", activity.TraceId.ToHexString());
            json.WriteString("span_id", activity.SpanId.ToHexString());
        }

        if (RequestContext.Get(RequestContext.UserIdKey) is { } userId)
        {
            json.WriteString("user_id", userId);
        }

        if (GrainContext.Current is { } grain)
        {
            json.WriteString("grain_type", grain.Type);
            json.WriteString("grain_key", grain.Key);
        }
    }

    private static void WriteState<TState>(Utf8JsonWriter json, TState state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || values.Count <= 1)
        {
            return;
        }

        json.WriteStartObject("state");
        foreach (var (key, value) in values)
        {
            if (key != OriginalFormat)
            {
                WriteValue(json, key, value);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteScopes(Utf8JsonWriter json, IExternalScopeProvider? scopeProvider)
    {
        if (scopeProvider is null)
        {
            return;
        }

        var any = false;
        scopeProvider.ForEachScope((scope, writer) =>
        {
            if (!any)
            {
                writer.WriteStartArray("scopes");
                any = true;
            }

            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                writer.WriteStartObject();
                foreach (var (key, value) in pairs)
                {
                    if (key != OriginalFormat)
                    {
                        WriteValue(writer, key, value);
                    }
                }

                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStringValue(Convert.ToString(scope, CultureInfo.InvariantCulture));
            }
        }, json);
        if (any)
        {
            json.WriteEndArray();
        }
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool flag:
                json.WriteBoolean(key, flag);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double number when double.IsFinite(number):
                json.WriteNumber(key, number);
                break;
            case float number when float.IsFinite(number):
                json.WriteNumber(key, number);
                break;
            case decimal number:
                json.WriteNumber(key, number);
                break;
            default:
                json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
