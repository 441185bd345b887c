# The answers to the exercises of notebooks/04_hierarchical_softmax.ipynb: one line per blank `name = ...  # ANSWER`
# of the notebook, in the notebook's order. For teachers; not a script (the lines use the notebook's
# variables). tests/test_notebooks.py fills them in and checks that each passes its check cell.
# ruff: noqa

# Exercise 1
code_of_crown = [0, 1, 0]  # ANSWER: replace with your own

# Exercise 2
p_at_zero = 2.0 ** -tree.lengths  # ANSWER: replace with your own

# Exercise 3
rows_hs = 2  # ANSWER: replace with your own
rows_softmax = V  # ANSWER: replace with your own

# Exercise 4
mean_dot_products = np.sum(toy_vocab.counts * toy_tree.lengths) / toy_vocab.total  # ANSWER: replace with your own
