#!/usr/bin/env python3
"""PyTorch anchor for Benchmarks/gpu: the same models, batches and steps as gpubench, in eager mode and torch.compile.

Writes one CSV line per result to --out as soon as it is measured (columns as gpubench's). torch.compile runs are
capped: each model's compile+warm-up gets --compile-budget seconds, after which the compiled variant is skipped.
No torchvision: ResNet-18 is written out here as torchvision's resnet18(num_classes=10) (7x7 stride-2 stem, max pool),
which is what Strata's ResNet18Cifar is, applied to 3x32x32.
"""
import argparse, csv, os, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.f5 = nn.Linear(16 * 5 * 5, 120)
        self.f6 = nn.Linear(120, 84)
        self.out = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c3(x)), 2)
        x = torch.flatten(x, 1)
        return self.out(F.relu(self.f6(F.relu(self.f5(x)))))


class BasicBlock(nn.Module):
    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.down = None
        if stride != 1 or cin != planes:
            self.down = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


class ResNet18(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, cin = [], 64
        for planes, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
            layers += [BasicBlock(cin, planes, stride), BasicBlock(planes, planes, 1)]
            cin = planes
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        x = self.layers(x)
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(256, 256, num_layers=2, batch_first=True)

    def forward(self, x):
        return self.lstm(x)[0]


def cases(dry):
    # name, model factory, input shape, loss kind; the same sizes as gpubench's Program.cs
    return [
        ("lenet", LeNet, (2 if dry else 128, 1, 28, 28), "ce"),
        ("resnet18", ResNet18, (2 if dry else 128, 3, 32, 32), "ce"),
        ("lstm", Lstm, (2 if dry else 64, 3 if dry else 35, 256), "mse"),
    ]


def time_steps(step, steps, warmup, sync):
    for _ in range(warmup):
        step()
    sync()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        sync()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], times[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="results.csv")
    p.add_argument("--models", default="lenet,resnet18,lstm")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--compile-budget", type=float, default=90, help="seconds per model for torch.compile and its warm-up")
    p.add_argument("--no-compile", action="store_true")
    p.add_argument("--dry-run", action="store_true", help="tiny sizes on the CPU")
    a = p.parse_args()
    dev = torch.device("cpu" if a.dry_run or not torch.cuda.is_available() else "cuda")
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    torch.backends.cudnn.benchmark = True
    new = not os.path.exists(a.out)
    out = open(a.out, "a", newline="")
    w = csv.writer(out)
    if new:
        w.writerow(["framework", "model", "mode", "batch", "median_ms", "min_ms", "steps"])
    print(f"torch {torch.__version__} on {dev} ({torch.cuda.get_device_name() if dev.type == 'cuda' else 'cpu'})", flush=True)
    wanted = a.models.split(",")
    for name, factory, shape, kind in cases(a.dry_run):
        if name not in wanted:
            continue
        torch.manual_seed(1)
        x = torch.rand(shape, device=dev) - (0.5 if kind == "mse" else 0)
        target = torch.randint(0, 10, (shape[0],), device=dev) if kind == "ce" else torch.rand(shape, device=dev) - 0.5
        variants = [("torch_eager", False)] + ([] if a.no_compile else [("torch_compile", True)])
        for framework, compiled in variants:
            model = factory().to(dev)
            run = model
            if compiled:
                run = torch.compile(model)
            opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
            loss_fn = nn.CrossEntropyLoss() if kind == "ce" else nn.MSELoss()

            def train():
                opt.zero_grad(set_to_none=True)
                loss_fn(run(x), target).backward()
                opt.step()

            def infer():
                with torch.no_grad():
                    run(x)

            for mode, step in (("train", train), ("infer", infer)):
                model.train(mode == "train")
                if compiled:
                    # Cap: compile and warm up once, and skip the compiled variant when that exceeds the budget.
                    start = time.perf_counter()
                    try:
                        step(); sync()
                    except Exception as e:  # a compile failure is a result too, not a crash of the whole call
                        print(f"{framework} {name} {mode}: compile failed: {e}", flush=True)
                        continue
                    spent = time.perf_counter() - start
                    if spent > a.compile_budget:
                        print(f"{framework} {name} {mode}: compile took {spent:.0f} s > {a.compile_budget:.0f} s, skipped", flush=True)
                        continue
                median, low = time_steps(step, a.steps, a.warmup, sync)
                row = [framework, name, mode, shape[0], f"{median:.3f}", f"{low:.3f}", a.steps]
                w.writerow(row); out.flush()
                print(",".join(map(str, row)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
