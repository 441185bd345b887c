# The answers to the exercises of notebooks/05_negative_sampling.ipynb: one line per blank `name = ...  # ANSWER`
# of the notebook, in the notebook's order. For teachers; not a script (the lines use the notebook's
# variables). tests/test_notebooks.py fills them in and checks that each passes its check cell.
# ruff: noqa

# Exercise 1
loss_1 = math.log(1 + math.exp(-2)) + math.log(1 + math.exp(0)) + math.log(1 + math.exp(-1))  # ANSWER

# Exercise 2
p_the = weights[vocab.id("the")] / weights.sum()  # ANSWER
reduction = (vocab.counts[vocab.id("the")] / vocab.total) / p_the  # ANSWER

# Exercise 3
units_ns = 5 + 1  # ANSWER
units_softmax = len(vocab)  # ANSWER
units_hs = float((vocab.counts * toy_tree.lengths).sum() / vocab.total)  # ANSWER
