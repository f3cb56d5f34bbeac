using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator;

/// <summary>A member of a user type that goes on the wire, with where the constructor takes it.</summary>
internal sealed record UserMember(string Name, ITypeSymbol Type, int ConstructorIndex);

/// <summary>
/// Decides how a record, class or struct is written and recreated: the public constructor whose parameters all
/// match public properties or fields by name (the one with most parameters, e.g. a record's primary constructor, else
/// the parameterless one), plus every public settable or init member. Members go on the wire in declaration order,
/// base type first.
/// </summary>
internal static class UserTypeReader
{
    /// <summary>The members on the wire, or null with <paramref name="reason"/> when the type cannot be recreated.</summary>
    public static List<UserMember>? Read(INamedTypeSymbol type, out string? reason)
    {
        reason = null;
        var candidates = Candidates(type);
        IMethodSymbol? best = null;
        int[]? bestMap = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility != Accessibility.Public
                || (best is not null && constructor.Parameters.Length <= best.Parameters.Length)
                || Match(constructor, candidates) is not { } map)
            {
                continue;
            }

            best = constructor;
            bestMap = map;
        }

        if (best is null || bestMap is null)
        {
            reason = "has no public constructor whose parameters all match public properties by name, and no public parameterless constructor";
            return null;
        }

        var members = new List<UserMember>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var position = Array.IndexOf(bestMap, i);
            if (position >= 0 || candidates[i].Settable)
            {
                members.Add(new UserMember(candidates[i].Name, candidates[i].Type, position));
            }
        }

        return members;
    }

    /// <summary>For each constructor parameter, the index of the member it sets; null if one matches none.</summary>
    private static int[]? Match(IMethodSymbol constructor, List<Candidate> candidates)
    {
        var map = new int[constructor.Parameters.Length];
        for (var p = 0; p < map.Length; p++)
        {
            var parameter = constructor.Parameters[p];
            map[p] = candidates.FindIndex(c =>
                string.Equals(c.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)
                && SymbolEqualityComparer.Default.Equals(c.Type, parameter.Type));
            if (map[p] < 0 || parameter.RefKind is not (RefKind.None or RefKind.In))
            {
                return null;
            }
        }

        return map;
    }

    private sealed record Candidate(string Name, ITypeSymbol Type, bool Settable);

    private static List<Candidate> Candidates(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object
            && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            chain.Insert(0, current);
        }

        var candidates = new List<Candidate>();
        foreach (var declaring in chain)
        {
            foreach (var member in declaring.GetMembers().Where(m => !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public))
            {
                var candidate = member switch
                {
                    IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property =>
                        new Candidate(property.Name, property.Type, property.SetMethod is { DeclaredAccessibility: Accessibility.Public }),
                    IFieldSymbol { IsImplicitlyDeclared: false, IsConst: false } field =>
                        new Candidate(field.Name, field.Type, !field.IsReadOnly),
                    _ => null,
                };
                if (candidate is null)
                {
                    continue;
                }

                var existing = candidates.FindIndex(c => c.Name == candidate.Name);
                if (existing >= 0)
                {
                    candidates[existing] = candidate;
                }
                else
                {
                    candidates.Add(candidate);
                }
            }
        }

        return candidates;
    }
}
