# The answers to the exercises of notebooks/03_cbow_and_skipgram.ipynb: one line per blank `name = ...  # ANSWER`
# of the notebook, in the notebook's order. For teachers; not a script (the lines use the notebook's
# variables). tests/test_notebooks.py fills them in and checks that each passes its check cell.
# ruff: noqa

# Exercise 1
factor = 4  # ANSWER: replace with your own

# Exercise 2
king_exact = 2 / 3  # ANSWER: replace with your own
king_c_tool = 2  # ANSWER: replace with your own

# Exercise 3
lr_exact = 4 * lr  # ANSWER: replace with your own

# Exercise 4
n_skipgram_examples = 27  # ANSWER: replace with your own
n_cbow_examples = 11  # ANSWER: replace with your own
