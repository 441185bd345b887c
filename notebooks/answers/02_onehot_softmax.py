# The answers to the exercises of notebooks/02_onehot_softmax.ipynb: one line per blank `name = ...  # ANSWER`
# of the notebook, in the notebook's order. For teachers; not a script (the lines use the notebook's
# variables). tests/test_notebooks.py fills them in and checks that each passes its check cell.
# ruff: noqa

# Exercise 1 (loss at initialization)
loss_at_init = np.log(V)  # ANSWER: replace with your own expression in V

# Exercise 2 (the first step)
max_abs_dW_in = 0.0  # ANSWER (a)
dW_out_palace = (1 / V - 1) * W_in0[queen]  # ANSWER (b): e_palace * h
dW_out_the = (1 / V) * W_in0[queen]  # ANSWER (b): e_the * h

# Exercise 3 (the gradient of the hidden layer)
dL_dh = W_out.T @ (P[0] - Y[0])  # ANSWER: replace with your own

# Exercise 4 (a conservation law)
sum_of_output_gradients = np.zeros(D)  # ANSWER: replace with your own (a (D,) array)

# Exercise 5 (CBOW through the one-hot network)
x_cbow = np.bincount([king, vocab.id("queen"), king], minlength=V) / 3  # ANSWER: replace with your own (a (V,) array)
king_factor = 2 / 3  # ANSWER

# Exercise 6 (one step of gradient descent)
W_in_next = W_in - lr * dW_in_hand  # ANSWER: replace with your own
W_out_next = W_out - lr * dW_out_hand  # ANSWER: replace with your own
