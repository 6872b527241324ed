using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>Turns the spikes of a run of the tables into spike traffic and an energy estimate.</summary>
public static class TrafficMeter
{
    /// <summary>
    /// Counts, for the <paramref name="steps"/> steps of <paramref name="spikes"/> (and the host
    /// spikes <paramref name="external"/> gave in those steps), the spike messages each route carries,
    /// the synapse events they cause and the compartment updates, priced with <paramref name="figures"/>.
    /// </summary>
    public static TrafficEstimate Measure(ChipTables tables, SpikeRecord spikes, int steps, IExternalSpikes? external, EnergyFigures figures)
    {
        var cores = new Dictionary<(int, int), CoreTable>();
        var routeStart = new Dictionary<(int, int), int[]>();
        long compartments = 0;
        foreach (CoreTable core in tables.Cores)
        {
            cores[(core.Chip, core.Core)] = core;
            compartments += core.Compartments.Count;
            int[] start = new int[core.Compartments.Count + 1];
            foreach (OutputRoute route in core.Routes)
            {
                start[route.Compartment + 1]++;
            }

            for (int i = 0; i < core.Compartments.Count; i++)
            {
                start[i + 1] += start[i];
            }

            routeStart[(core.Chip, core.Core)] = start;
        }

        long spikeCount = 0, synapticOperations = 0, messages = 0, betweenChips = 0;
        void Send(int fromChip, AxonAddress axon)
        {
            messages++;
            betweenChips += fromChip >= 0 && axon.Chip != fromChip ? 1 : 0;
            synapticOperations += cores[(axon.Chip, axon.Core)].InputAxons[axon.Axon].Count;
        }

        foreach (PopulationPlacement population in tables.Populations)
        {
            if (!population.Probed)
            {
                continue;
            }

            foreach ((int _, int neuron) in spikes.Of(population.Population))
            {
                spikeCount++;
                foreach (PlacementSlice slice in population.Slices)
                {
                    if (neuron < slice.FirstNeuron || neuron >= slice.FirstNeuron + slice.NeuronCount)
                    {
                        continue;
                    }

                    int soma = slice.FirstCompartment + (neuron - slice.FirstNeuron + 1) * population.CompartmentsPerNeuron - 1;
                    CoreTable core = cores[(slice.Chip, slice.Core)];
                    int[] start = routeStart[(slice.Chip, slice.Core)];
                    for (int r = start[soma]; r < start[soma + 1]; r++)
                    {
                        OutputRoute route = core.Routes[r];
                        Send(slice.Chip, new AxonAddress(route.DestinationChip, route.DestinationCore, route.DestinationAxon));
                    }
                }
            }
        }

        if (external is not null)
        {
            var host = new List<int>();
            for (int step = 0; step < steps; step++)
            {
                foreach (InputBinding input in tables.Inputs)
                {
                    host.Clear();
                    external.Collect(step, input.Population, input.Size, host);
                    foreach (int neuron in host)
                    {
                        spikeCount++;
                        foreach (AxonAddress axon in input.Targets[neuron])
                        {
                            Send(-1, axon);
                        }
                    }
                }
            }
        }

        double perStep = steps == 0 ? 0 : 1.0 / steps;
        double energy = compartments * figures.NeuronUpdate
            + synapticOperations * perStep * figures.SynapticSpikeOperation
            + messages * perStep * figures.SpikeWithinTile;
        return new TrafficEstimate(steps, spikeCount * perStep, synapticOperations * perStep, messages * perStep, betweenChips * perStep, energy, figures);
    }
}
