using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Netra.Runtime.Generator;

/// <summary>Checks one grain interface method and describes it for the emitters.</summary>
internal static class MethodReader
{
    private const string VoidResult = "global::Netra.Runtime.VoidResult";

    /// <summary>The method's model, or null when it has an error (reported through <paramref name="scan"/>).</summary>
    public static MethodModel? Read(IMethodSymbol method, INamedTypeSymbol declaring, string requestName, MemberScan scan)
    {
        var displayName = declaring.Name + "." + method.Name;
        var isValid = true;
        if (method.TypeParameters.Length > 0)
        {
            scan.Report(GrainDiagnostics.GenericMethod, method, displayName);
            isValid = false;
        }

        var returnKind = ClassifyReturn(method.ReturnType, out var resultType);
        if (returnKind is null)
        {
            scan.Report(GrainDiagnostics.InvalidReturnType, method, displayName, method.ReturnType.ToDisplayString(CodeNames.MessageFormat));
            isValid = false;
        }

        foreach (var parameter in method.Parameters.Where(p => p.RefKind != RefKind.None))
        {
            scan.Report(GrainDiagnostics.ByRefParameter, parameter, parameter.Name, displayName, RefKindText(parameter.RefKind));
            isValid = false;
        }

        var isOneWay = NetraSymbols.FindAttribute(method, "OneWayAttribute") is not null;
        if (isOneWay && returnKind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            scan.Report(GrainDiagnostics.OneWayReturnsValue, method, displayName, method.ReturnType.ToDisplayString(CodeNames.MessageFormat));
            isValid = false;
        }

        long? timeoutTicks = null;
        if (NetraSymbols.FindAttribute(method, "ResponseTimeoutAttribute") is { } timeout)
        {
            if (TryParseTimeout(timeout, out var ticks))
            {
                timeoutTicks = ticks;
            }
            else
            {
                var value = timeout.ConstructorArguments.FirstOrDefault().Value as string;
                scan.Report(GrainDiagnostics.InvalidResponseTimeout, AttributeLocation(timeout) ?? LocationInfo.From(method), displayName, value ?? "null");
                isValid = false;
            }
        }

        if (!isValid || returnKind is not { } kind)
        {
            return null;
        }

        if (!CheckWireTypes(method, displayName, scan))
        {
            return null;
        }

        var cancellationTokenIndex = -1;
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (IsCancellationToken(method.Parameters[i].Type))
            {
                cancellationTokenIndex = i;
                break;
            }
        }

        return new MethodModel(
            method.Name,
            requestName,
            CodeNames.FullName(declaring),
            CodeNames.TypeName(declaring),
            CodeNames.TypeName(method.ReturnType),
            kind,
            resultType ?? VoidResult,
            method.Parameters.Select(p => CodeNames.TypeName(p.Type)).ToEquatableArray(),
            timeoutTicks,
            NetraSymbols.FindAttribute(method, "AlwaysInterleaveAttribute") is not null,
            isOneWay,
            cancellationTokenIndex,
            MethodId(method, declaring),
            method.Parameters.Select(p => IsCancellationToken(p.Type) ? "" : WireAccess.Descriptor(p.Type)).ToEquatableArray());
    }

    /// <summary>"Ns.IFoo.Method(int,string)": the declaring interface, the name and the parameter types.</summary>
    private static string MethodId(IMethodSymbol method, INamedTypeSymbol declaring) =>
        CodeNames.FullName(declaring) + "." + method.Name
        + "(" + string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(CodeNames.MethodIdFormat))) + ")";

    /// <summary>Reports NETRA011 for each parameter or result whose type cannot cross processes.</summary>
    private static bool CheckWireTypes(IMethodSymbol method, string displayName, MemberScan scan)
    {
        var isValid = true;
        foreach (var parameter in method.Parameters.Where(p => !IsCancellationToken(p.Type)))
        {
            if (scan.Walker.Visit(parameter.Type, "") is { } reason)
            {
                var type = parameter.Type.ToDisplayString(CodeNames.MessageFormat);
                scan.Report(GrainDiagnostics.UnserializableType, parameter, displayName, $"parameter '{parameter.Name}'", type, reason);
                isValid = false;
            }
        }

        if (method.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } returned
            && scan.Walker.Visit(returned.TypeArguments[0], "") is { } resultReason)
        {
            var type = returned.TypeArguments[0].ToDisplayString(CodeNames.MessageFormat);
            scan.Report(GrainDiagnostics.UnserializableType, method, displayName, "its result", type, resultReason);
            isValid = false;
        }

        return isValid;
    }

    private static bool IsCancellationToken(ITypeSymbol type) =>
        NetraSymbols.IsSystemType(type, "CancellationToken", "Threading", "System");

    private static ReturnKind? ClassifyReturn(ITypeSymbol type, out string? resultType)
    {
        resultType = null;
        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        var isTask = NetraSymbols.IsSystemType(named, "Task", "Tasks", "Threading", "System");
        var isValueTask = NetraSymbols.IsSystemType(named, "ValueTask", "Tasks", "Threading", "System");
        if (!isTask && !isValueTask)
        {
            return null;
        }

        switch (named.TypeArguments.Length)
        {
            case 0:
                return isTask ? ReturnKind.Task : ReturnKind.ValueTask;
            case 1:
                resultType = CodeNames.TypeName(named.TypeArguments[0]);
                return isTask ? ReturnKind.TaskOfT : ReturnKind.ValueTaskOfT;
            default:
                return null;
        }
    }

    private static bool TryParseTimeout(AttributeData attribute, out long ticks)
    {
        ticks = 0;
        if (attribute.ConstructorArguments.Length != 1
            || attribute.ConstructorArguments[0].Value is not string text
            || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout))
        {
            return false;
        }

        ticks = timeout.Ticks;
        return true;
    }

    /// <summary>The attribute's argument (or the attribute, if it has none) where it is written.</summary>
    private static LocationInfo? AttributeLocation(AttributeData attribute)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax();
        if (syntax is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } attributeSyntax)
        {
            return LocationInfo.From(attributeSyntax.ArgumentList.Arguments[0].GetLocation());
        }

        return LocationInfo.From(syntax?.GetLocation());
    }

    private static string RefKindText(RefKind refKind) => refKind switch
    {
        RefKind.Out => "out",
        RefKind.In => "in",
        RefKind.RefReadOnlyParameter => "ref readonly",
        _ => "ref",
    };
}
