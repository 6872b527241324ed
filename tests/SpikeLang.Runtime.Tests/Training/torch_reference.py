# Prints the reference values that OptimizerTests.cs and LossTests.cs compare against.
# Run once with Debian's python3-torch (1.13): /usr/bin/python3 torch_reference.py
# The tests do not need Python; rerun this only to check or extend the numbers.
import torch

torch.set_printoptions(precision=10)


def floats(t):
    return ", ".join(f"{v:.9g}f" for v in t.detach().reshape(-1).tolist())


n = 11  # one 8-lane vector and a scalar tail of 3
p0 = torch.tensor([0.1 * (i - 5) for i in range(n)], dtype=torch.float32)
grads = [torch.tensor([((i * 7 + s * 3) % 11 - 5) * 0.37 / (s + 1) for i in range(n)], dtype=torch.float32) for s in range(3)]
print("p0:", floats(p0))
for s, g in enumerate(grads):
    print(f"g{s}:", floats(g))


def run(make):
    p = torch.nn.Parameter(p0.clone())
    opt = make([p])
    for g in grads:
        opt.zero_grad()
        p.grad = g.clone()
        opt.step()
    return p


print("adam(lr=5e-4):", floats(run(lambda ps: torch.optim.Adam(ps, lr=5e-4))))
print("adam(lr=0.1, betas=(0.8, 0.9), eps=1e-3):", floats(run(lambda ps: torch.optim.Adam(ps, lr=0.1, betas=(0.8, 0.9), eps=1e-3))))
print("sgd(lr=0.1, momentum=0.9):", floats(run(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9))))
print("sgd(lr=0.1):", floats(run(lambda ps: torch.optim.SGD(ps, lr=0.1))))

logits = torch.tensor([[2.0, -1.0, 0.5, 3.0], [0.0, 0.0, 0.0, 0.0], [25.0, 3.0, 0.0, 24.0]], requires_grad=True)
labels = torch.tensor([3, 1, 0])
loss = torch.nn.functional.cross_entropy(logits, labels)
loss.backward()
print("ce loss:", f"{loss.item():.9g}f")
print("ce grad:", floats(logits.grad))

counts = torch.tensor([[3.0, 20.0, 7.0], [0.0, 1.0, 25.0]], requires_grad=True)
labels = torch.tensor([1, 0])
targets = torch.full((2, 3), 0.2 * 25)
targets[torch.arange(2), labels] = 0.8 * 25
loss = torch.nn.functional.mse_loss(counts, targets)
loss.backward()
print("mse loss:", f"{loss.item():.9g}f")
print("mse grad:", floats(counts.grad))
