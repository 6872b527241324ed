using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>Where the mapper put every neuron population: consecutive slices, one core each.</summary>
/// <param name="Slices">Per population name, its slices in neuron order.</param>
/// <param name="CoreCount">Cores used; global core g is core g mod CoresPerChip of chip g / CoresPerChip.</param>
internal sealed record CorePlacement(IReadOnlyDictionary<string, List<PlacementSlice>> Slices, int CoreCount);
