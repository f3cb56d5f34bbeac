using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator;

/// <summary>Writes how a grain's generated factory gets each constructor argument.</summary>
internal static class ConstructorArguments
{
    private const string ServiceExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";

    /// <summary>
    /// "name: expression" for <paramref name="parameter"/>, or null when the argument is left to its default value
    /// (an optional parameter the container cannot sensibly fill) or the parameter has an error.
    /// </summary>
    public static string? For(IParameterSymbol parameter, INamedTypeSymbol grainClass, List<DiagnosticInfo> diagnostics)
    {
        var expression = Expression(parameter, grainClass, diagnostics);
        return expression is null ? null : $"{CodeNames.Identifier(parameter.Name)}: {expression}";
    }

    private static string? Expression(IParameterSymbol parameter, INamedTypeSymbol grainClass, List<DiagnosticInfo> diagnostics)
    {
        var type = parameter.Type;
        if (NetraSymbols.FindAttribute(parameter, "PersistentStateAttribute") is { } persistentState)
        {
            if (type is INamedTypeSymbol { TypeArguments.Length: 1 } named && NetraSymbols.IsNetraType(named, "IPersistentState"))
            {
                var stateType = named.TypeArguments[0];
                var arguments = persistentState.ConstructorArguments;
                var stateName = arguments.Length > 0 ? arguments[0].Value as string : null;
                var storageName = arguments.Length > 1 ? arguments[1].Value as string : null;
                return $"context.GetPersistentState<{CodeNames.TypeName(stateType)}>({CodeNames.StringLiteral(stateName)}, {CodeNames.StringLiteral(storageName)})";
            }

            diagnostics.Add(DiagnosticInfo.Create(
                GrainDiagnostics.InvalidPersistentState,
                LocationInfo.From(parameter),
                parameter.Name,
                grainClass.Name,
                type.ToDisplayString(CodeNames.MessageFormat)));
            return null;
        }

        if (NetraSymbols.IsNetraType(type, "IGrainContext"))
        {
            return "context";
        }

        if (NetraSymbols.IsNetraType(type, "IGrainFactory"))
        {
            return "context.GrainFactory";
        }

        var isNullable = type.NullableAnnotation == NullableAnnotation.Annotated || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
        if (parameter.HasExplicitDefaultValue)
        {
            // An optional reference-type service defaulting to null is taken if registered; any other optional
            // parameter (a value type or a constant) keeps the default written in the constructor.
            return type.IsReferenceType && parameter.ExplicitDefaultValue is null
                ? $"{ServiceExtensions}.GetService<{CodeNames.NonNullableTypeName(type)}>(services)!"
                : null;
        }

        // A parameter whose type is nullable is an optional service; anything else must be registered.
        return isNullable
            ? $"{ServiceExtensions}.GetService<{CodeNames.NonNullableTypeName(type)}>(services)"
            : $"{ServiceExtensions}.GetRequiredService<{CodeNames.NonNullableTypeName(type)}>(services)";
    }
}
