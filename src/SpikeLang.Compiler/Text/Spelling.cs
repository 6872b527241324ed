using System;
using System.Collections.Generic;

namespace SpikeLang.Compiler.Text;

/// <summary>"Did you mean ...?" suggestions by edit distance.</summary>
internal static class Spelling
{
    /// <summary>
    /// The candidate nearest to <paramref name="word"/>, if it is within a third of the word's length.
    /// Distances count half-edits: a change of case costs 1, any other edit 2, so "mss" suggests "ms", not "mS".
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        // One- and two-letter names are too short to guess from: only a change of case counts.
        int limit = word.Length <= 2 ? 1 : 2 * Math.Max(1, word.Length / 3);
        foreach (var candidate in candidates)
        {
            int distance = Distance(word, candidate);
            if (distance <= limit && (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>"; did you mean 'x'?" or an empty string, ready to append to a message.</summary>
    public static string Hint(string word, IEnumerable<string> candidates)
    {
        string? closest = Closest(word, candidates);
        return closest is null ? string.Empty : $" (did you mean '{closest}'?)";
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 4)
        {
            return int.MaxValue;
        }
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = 2 * j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = 2 * i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 1 : 2;
                current[j] = Math.Min(Math.Min(current[j - 1] + 2, previous[j] + 2), previous[j - 1] + cost);
                // Two swapped letters ("Stpd" for "Stdp") count as one edit.
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && a[i - 1] != a[i - 2])
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 2);
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }
        return previous[b.Length];
    }
}
